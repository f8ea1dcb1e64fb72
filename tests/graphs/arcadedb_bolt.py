"""Run a throw-away ArcadeDB server with its Bolt plugin until stdin closes (used by conftest).

Usage: ``python arcadedb_bolt.py ROOT BOLT_PORT HTTP_PORT PASSWORD DATABASE``; prints ``READY``
once the Bolt listener is up and the database exists.  It runs in its own process (cwd = ROOT)
so the JVM and ArcadeDB's ``./log`` folder stay out of the test process and the repository.
"""

import sys


def main() -> None:
    root, bolt_port, http_port, password, database = sys.argv[1:6]
    import arcadedb_embedded

    server = arcadedb_embedded.create_server(
        root,
        root_password=password,
        config={
            "http_port": int(http_port),
            "host": "localhost",
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "bolt_port": int(bolt_port),
        },
    )
    server.start()
    try:
        server.create_database(database)
        print("READY", flush=True)
        sys.stdin.read()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
