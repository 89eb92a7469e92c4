"""The store's tables about people rather than the corpus: accounts and sessions
(:mod:`.accounts`), what each user follows (:mod:`.follows`), discussion threads
(:mod:`.threads`), notifications, inboxes and subscriptions (:mod:`.notifications`),
their deliveries (:mod:`.deliveries`), and the migrations that create them
(:mod:`.schema`); API tokens for scripts (:mod:`.tokens`)."""
