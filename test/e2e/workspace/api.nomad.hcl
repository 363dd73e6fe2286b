# Native Connect, part 2 of 3: the API calls the database through its upstream.
job "api" {
  datacenters = ["dc1"]

  group "api" {
    count = 2

    network {
      mode = "bridge"
      port "http" {
        to = 9001
      }
    }

    service {
      name = "api"
      port = "9001"

      connect {
        sidecar_service {
          proxy {
            upstreams {
              destination_name = "db"
              local_bind_port  = 5432
            }
          }
        }
      }
    }

    task "api" {
      driver = "docker"

      config {
        image = "example/api:1.0"
        args  = ["--listen", "127.0.0.1:9001"]
      }

      env {
        DATABASE_URL = "postgresql://${NOMAD_UPSTREAM_ADDR_db}/app"
      }
    }
  }
}
