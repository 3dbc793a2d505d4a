from her2bot.cli import main

raise SystemExit(main())
