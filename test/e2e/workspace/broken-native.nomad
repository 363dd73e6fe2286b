# A native Connect job with three mistakes Nomad only reports at submit time or at runtime:
# no bridge network for the sidecar, an upper-case service name, and two upstreams on one port.
job "shop" {
  datacenters = ["dc1"]

  group "shop" {
    service {
      name = "Cart"
      port = "8080"

      connect {
        sidecar_service {
          proxy {
            upstreams {
              destination_name = "db"
              local_bind_port  = 5432
            }
            upstreams {
              destination_name = "cache"
              local_bind_port  = 5432
            }
          }
        }
      }
    }

    task "cart" {
      driver = "docker"

      config {
        image = "example/cart:1.0"
      }
    }
  }
}
