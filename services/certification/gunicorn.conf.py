# gunicorn -c services/certification/gunicorn.conf.py 'pix_certification.entrypoints.http:create_app()'
from pixkit.web.serving import gunicorn_settings

globals().update(gunicorn_settings("certification"))
