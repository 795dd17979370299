# gunicorn -c services/identity/gunicorn.conf.py 'pix_identity.entrypoints.http:create_app()'
from pixkit.web.serving import gunicorn_settings

globals().update(gunicorn_settings("identity"))
