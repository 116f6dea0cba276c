# The hub of jupyterhub_config.py for trying it out on this computer (deploy/jupyterhub/try_hub.py
# starts it): 127.0.0.1 only, test users sharing one password, every user's server a process of
# the user running the hub, homes in a temporary folder. NOT for a class: there is no isolation
# between users. The settings come from the environment try_hub.py sets.
import os
from pathlib import Path

c = get_config()  # noqa: F821  (given by JupyterHub when it reads this file)
load_subconfig(str(Path(__file__).with_name("jupyterhub_config.py")))  # noqa: F821

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ["LOOKTWICE_TRY_HUB_API_PORT"])
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['LOOKTWICE_TRY_PROXY_API_PORT']}"
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ["LOOKTWICE_TRY_PASSWORD"]
c.Authenticator.allowed_users = set(os.environ["LOOKTWICE_TRY_USERS"].split(","))
c.Authenticator.admin_users = set()
c.JupyterHub.spawner_class = "simple"
if os.geteuid() == 0:  # some test machines and containers only have root
    c.Spawner.args = [*c.Spawner.args, "--ServerApp.allow_root=True"]
c.SimpleLocalProcessSpawner.home_dir_template = os.environ["LOOKTWICE_TRY_HOMES"] + "/{username}"
c.JupyterHub.load_groups = {
    "teachers": {"users": list(filter(None, os.environ.get("LOOKTWICE_TRY_TEACHERS", "").split(",")))},
    "lang-fr": {"users": list(filter(None, os.environ.get("LOOKTWICE_TRY_FRENCH", "").split(",")))},
}
# Activity reported every few seconds instead of every 5 minutes, so a short --idle-seconds
# culls only servers that are really idle.
_idle = int(os.environ.get("LOOKTWICE_HUB_IDLE_SECONDS", "1800"))
c.Spawner.environment["JUPYTERHUB_ACTIVITY_INTERVAL"] = str(max(5, min(300, _idle // 4)))
c.JupyterHub.last_activity_interval = max(5, min(300, _idle // 4))
