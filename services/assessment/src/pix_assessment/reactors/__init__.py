"""Assessment's subscriptions with side effects (append or publish events, send mail).

`campaigns`: sharing's CampaignParticipationStarted starts a campaign test.
"""
