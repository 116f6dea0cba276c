# Look Twice on a school JupyterHub: every student gets the lessons (student notebooks, in their
# language) in their own account; the teachers get the teacher edition; the example pack is one
# read-only copy on disk that every user reads; idle servers and kernels are stopped; kernels
# have no network.
#
#     jupyterhub -f /opt/looktwice/deploy/jupyterhub/jupyterhub_config.py
#
# The folders (set them with environment variables of the hub, e.g. in its systemd unit):
#   LOOKTWICE_HUB_SHARE   /srv/looktwice   made once by deploy/jupyterhub/prepare.py:
#       pack/                   the example pack (LOOKTWICE_CACHE_DIR of every user), read-only
#       lessons/student/<lang>/ the student notebooks; lessons/teacher/<lang>/ the teacher edition
#       jupyter/kernels/python3 the kernel without network (when this machine allows it)
#   LOOKTWICE_HUB_STATE   /var/lib/looktwice-hub   the hub's database and cookie secret
# Users: the authenticator of your school (LDAP, OAuth, ...) goes below. Groups decide the rest
# (the hub's admin page, or `c.JupyterHub.load_groups` below):
#   teachers  -> the teacher edition (notes, solutions, expected outputs)
#   lang-fr   -> the lessons in French (everyone else: LOOKTWICE_HUB_LANG, default en)
# deploy/README.md is the technician's guide; deploy/jupyterhub/try_hub.py runs this file on
# 127.0.0.1 with test users.
import logging
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (given by JupyterHub when it reads this file)

HERE = Path(__file__).resolve().parent
SHARE = Path(os.environ.get("LOOKTWICE_HUB_SHARE", "/srv/looktwice"))
STATE = Path(os.environ.get("LOOKTWICE_HUB_STATE", "/var/lib/looktwice-hub"))
LANG = os.environ.get("LOOKTWICE_HUB_LANG", "en")
# Seconds without activity before a student's server is stopped (their files stay).
IDLE_SECONDS = int(os.environ.get("LOOKTWICE_HUB_IDLE_SECONDS", "1800"))

# --- where the hub listens: behind nginx with TLS on the school network (deploy/README.md).
c.JupyterHub.ip = os.environ.get("LOOKTWICE_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("LOOKTWICE_HUB_PORT", "8000"))
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
# configurable-http-proxy from npm (npm install -g configurable-http-proxy), the default proxy.
c.ConfigurableHTTPProxy.command = ["configurable-http-proxy"]
# JupyterHub checks nothing on the internet; its own usage statistics are off by default.

# --- privacy: no access log (it would hold every student's name, address and pages), as nginx's
# `access_log off`; the hub, the proxy and the servers log warnings and errors only, and a
# failed request is logged by its status and method alone.
c.JupyterHub.log_level = "WARN"
c.ConfigurableHTTPProxy.log_level = "warn"


def log_server_errors_only(handler):
    """JupyterHub's request log, reduced to server errors without who, where or what page."""
    if handler.get_status() >= 500:
        logging.getLogger("JupyterHub").error("request failed: %d %s", handler.get_status(), handler.request.method)


c.JupyterHub.tornado_settings = {"log_function": log_server_errors_only}

# --- who logs in: replace with the school's authenticator, e.g. "ldapauthenticator.LDAPAuthenticator"
# (pip install jupyterhub-ldapauthenticator) or "oauthenticator.GenericOAuthenticator".
c.JupyterHub.authenticator_class = os.environ.get("LOOKTWICE_HUB_AUTHENTICATOR", "pam")
c.Authenticator.admin_users = set(filter(None, os.environ.get("LOOKTWICE_HUB_ADMINS", "").split(",")))
# With system accounts (pam), the members of these system groups may log in (nobody else can).
c.LocalAuthenticator.allowed_groups = set(os.environ.get("LOOKTWICE_HUB_LOGIN_GROUPS", "students,teachers").split(","))

# --- each user's server: one process per student on this machine, as their own system user.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [sys.executable, str(HERE / "singleuser.py")]
c.Spawner.default_url = f"/lab/tree/lessons/{LANG}"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 60
# A server takes 0.1 GB and a lesson's kernel up to 0.7 GB (benchmarks/bench_school_server.py).
c.Spawner.mem_limit = "1G"  # enforced by container spawners; LocalProcessSpawner only reports it
c.Spawner.environment = {
    "LOOKTWICE_CACHE_DIR": str(SHARE / "pack"),  # the one read-only copy of the example pack
    "LOOKTWICE_HUB_LESSONS": str(SHARE / "lessons"),
    "LOOKTWICE_EDITION": "student",
    "LOOKTWICE_LANG": LANG,
    "JUPYTER_PATH": str(SHARE / "jupyter"),  # the kernel without network, if prepare.py made it
    "GRADIO_ANALYTICS_ENABLED": "False",
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
}
c.Spawner.group_overrides = {
    "1-french": {
        "groups": ["lang-fr"],
        "spawner_override": {"environment": {"LOOKTWICE_LANG": "fr"}, "default_url": "/lab/tree/lessons/fr"},
    },
    "2-teachers": {"groups": ["teachers"], "spawner_override": {"environment": {"LOOKTWICE_EDITION": "teacher"}}},
}
c.Spawner.args = [
    "--ServerApp.log_level=WARN",  # no request or kernel log of students' work
    # kernels talk to their server over Unix sockets, so a kernel needs no network at all
    "--KernelManager.transport=ipc",
    # kernels idle for 20 minutes are stopped inside a running server
    "--MappingKernelManager.cull_idle_timeout=1200",
    "--MappingKernelManager.cull_interval=120",
    # nothing fetched from the internet by JupyterLab
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
]

# --- idle servers stopped by the jupyterhub-idle-culler service (pip install jupyterhub-idle-culler)
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={IDLE_SECONDS}",
            f"--cull-every={max(10, IDLE_SECONDS // 6)}",
        ],
    }
]

# --- groups can also be listed here (they are kept in the hub's database)
# c.JupyterHub.load_groups = {"teachers": {"users": ["mme.martin"]}, "lang-fr": {"users": ["lea"]}}
