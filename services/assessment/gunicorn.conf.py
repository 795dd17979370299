# gunicorn -c services/assessment/gunicorn.conf.py 'pix_assessment.entrypoints.http:create_app()'
from pixkit.web.serving import gunicorn_settings

globals().update(gunicorn_settings("assessment"))
