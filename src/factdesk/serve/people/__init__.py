"""The web app's pages for people: logging in and sessions (:mod:`.auth`),
registration, password reset and account settings (:mod:`.account_pages`),
following and threads (:mod:`.social_pages`), the inbox, webhooks and push
subscriptions (:mod:`.notify_pages`)."""
