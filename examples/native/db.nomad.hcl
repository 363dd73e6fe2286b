# Native Connect, part 3 of 3: the database, reachable only through its sidecar.
job "db" {
  datacenters = ["dc1"]

  group "db" {
    network {
      mode = "bridge"
      port "pg" {
        to = 5432
      }
    }

    service {
      name = "db"
      # The in-namespace port, so Envoy dials the app where it listens (not the host port).
      port = "5432"

      connect {
        sidecar_service {}
      }
    }

    task "postgres" {
      driver = "docker"

      config {
        image = "postgres:16"
      }

      env {
        POSTGRES_PASSWORD = "example"
      }
    }
  }
}
