# Native Connect, part 1 of 3: the public web front end calls the API through its upstream.
job "web" {
  datacenters = ["dc1"]

  group "web" {
    network {
      mode = "bridge"
      port "http" {
        static = 8080
        to     = 8080
      }
    }

    service {
      name = "web"
      port = "http"

      connect {
        sidecar_service {
          proxy {
            upstreams {
              destination_name = "api"
              local_bind_port  = 9001
            }
          }
        }
      }
    }

    task "web" {
      driver = "docker"

      config {
        image = "example/web:1.0"
        ports = ["http"]
      }

      env {
        API_ADDR = "http://${NOMAD_UPSTREAM_ADDR_api}"
        LISTEN   = "0.0.0.0:${NOMAD_PORT_http}"
      }
    }
  }
}
