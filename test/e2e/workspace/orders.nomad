# A native Connect service without upstreams: the starting point for "Add upstream".
job "orders" {
  datacenters = ["dc1"]

  group "orders" {
    network {
      mode = "bridge"
      port "http" {
        to = 8080
      }
    }

    service {
      name = "orders"
      port = "8080"

      connect {
        sidecar_service {}
      }
    }

    task "orders" {
      driver = "docker"

      config {
        image = "example/orders:1.0"
      }

      env {
        LISTEN   = "127.0.0.1:8080"
        API_ADDR = ""
      }
    }
  }
}
