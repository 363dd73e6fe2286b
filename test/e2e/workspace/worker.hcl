# A Nomad job in a plain .hcl file: the extension recognises it by its top-level job block.
job "worker" {
  datacenters = ["dc1"]

  group "worker" {
    task "worker" {
      driver = "exec"

      config {
        command = "/usr/local/bin/worker"
      }
    }
  }
}
