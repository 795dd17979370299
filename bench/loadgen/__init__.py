"""The load generator of bench/answers.py: an asyncio client holding a steady state of candidates
answering positioning tests, the no-op in the same run, CPU time per operation by process from
/proc, and the lag AnswerRecorded → ProfileUpdated.

Pure parts (stats, procstat's accounting, pacing, lag's matcher) are unit-tested in
tests/unit/bench/; the parts that talk to a stack (client, the lag's consumer) are not.
"""
