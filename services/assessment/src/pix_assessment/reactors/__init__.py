"""Assessment's subscriptions with side effects (append or publish events, send mail).

`campaigns`: sharing's CampaignParticipationStarted starts a campaign test.
`certification`: certification's CertificationCourseStarted opens a certification test, and
its CandidateTestEnded (the invigilator's end) completes it.
"""
