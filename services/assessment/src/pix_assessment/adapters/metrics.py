"""What operations watch on the assessment engine during exam peaks (Prometheus)."""
from prometheus_client import Counter, Histogram

ANSWERS = Counter("pix_assessment_answers_total", "Answers recorded", ["competence", "status"])
COMPLETED = Counter("pix_assessment_completed_total", "Assessments finished", ["competence", "kind"])
STARTED = Counter("pix_assessment_started_total", "Assessments started", ["competence", "kind"])
SELECTION_SECONDS = Histogram("pix_assessment_selection_seconds", "Time to choose the next challenge",
                              buckets=(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01))
