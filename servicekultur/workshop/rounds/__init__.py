"""Live workshop rounds: a trainer starts a round on a checklist or a Workshop-Set, teams tick on
their phones what they already do (anonymously, one vote per device), the projector shows how
many teams fulfil each item. Rounds live in the feedback database under their own migration
chain and are deleted after ``KB_WORKSHOP_ROUND_DAYS``; nothing of them reaches the static site.
"""
