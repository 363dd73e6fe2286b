# Not a Nomad job: a plain .hcl file must keep its language.
resource "null_resource" "example" {}
