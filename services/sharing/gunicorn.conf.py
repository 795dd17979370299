# gunicorn -c services/sharing/gunicorn.conf.py 'pix_sharing.entrypoints.http:create_app()'
from pixkit.web.serving import gunicorn_settings

globals().update(gunicorn_settings("sharing"))
