# A plain job without Connect: the starting point for "Add Connect sidecar".
job "cache" {
  datacenters = ["dc1"]

  group "cache" {
    network {
      port "redis" {
        to = 6379
      }
    }

    task "redis" {
      driver = "docker"

      config {
        image = "redis:7"
        ports = ["redis"]
      }
    }
  }
}
