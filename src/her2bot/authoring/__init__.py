"""Author tools above the bot: `content check` (the quality gates), `content preview` (HTML
pages for clinicians) and `content schema` (the JSON Schema of content/). Nothing in the bot
imports this package; it imports the bot's content, guide and safety layers."""
