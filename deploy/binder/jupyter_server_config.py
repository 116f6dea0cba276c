# Runs Look Twice's classroom demo behind Jupyter, at <server address>/looktwice/, started on
# first visit (jupyter-server-proxy). Copied to ~/.jupyter/ by postBuild; on a JupyterHub, put
# it in the single-user image's jupyter config folder (see deploy/jupyterhub/README.md).
c = get_config()  # noqa: F821  (provided by Jupyter when it reads this file)

c.ServerProxy.servers = {
    "looktwice": {
        # {port}: a free port chosen by the proxy; {base_url}: this server's prefix, e.g.
        # /user/ada/. The proxy strips the prefix; --root-path tells Gradio the public address.
        "command": [
            "looktwice",
            "demo",
            "--no-browser",
            "--host",
            "127.0.0.1",
            "--port",
            "{port}",
            "--root-path",
            "{base_url}looktwice",
        ],
        "timeout": 120,
        "absolute_url": False,
        "launcher_entry": {"enabled": True, "title": "Look Twice demo"},
    }
}
