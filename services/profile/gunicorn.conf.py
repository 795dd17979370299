# gunicorn -c services/profile/gunicorn.conf.py 'pix_profile.entrypoints.http:create_app()'
from pixkit.web.serving import gunicorn_settings

globals().update(gunicorn_settings("profile"))
