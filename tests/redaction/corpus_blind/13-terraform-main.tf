# main.tf — hosting for the SophMate demo shop (customer's DevOps contractor)
terraform {
  required_version = ">= ⟦k:version⟧1.7.0⟦/k⟧"
  required_providers {
    digitalocean = { source = "digitalocean/digitalocean", version = "~> ⟦k:version⟧2.36⟦/k⟧" }
    cloudflare   = { source = "cloudflare/cloudflare", version = "~> 4.40" }
  }
}

provider "digitalocean" {
  token = "⟦s:service_token:digitalocean⟧dop_v1_d3f8573dbc0b92bf52e533bb83e160c76851b8904f52814ede8c64b5538befab⟦/s⟧"
}

provider "cloudflare" {
  api_token = var.cloudflare_token
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = "⟦s:credential:db-password⟧Olivo_Verde#2026⟦/s⟧"
}

variable "cloudflare_token" {
  type    = string
  default = "⟦s:service_token:cloudflare⟧5TXvKGynynoEIyzM0A_pTf3oU7rQYOBJg58ObahI⟦/s⟧"
}

resource "digitalocean_database_cluster" "wp" {
  name       = "oleificio-mysql"
  engine     = "mysql"
  version    = "8"
  size       = "db-s-1vcpu-1gb"
  region     = "fra1"
  node_count = 1
}

resource "digitalocean_database_user" "wp" {
  cluster_id = digitalocean_database_cluster.wp.id
  name       = "wordpress"
  # password = ⟦k:other⟧var.db_password⟦/k⟧  (not supported, set by hand)
}

resource "digitalocean_droplet" "web" {
  image  = "ubuntu-24-04-x64"
  name   = "oleificio-web-01"
  region = "fra1"
  size   = "s-2vcpu-4gb"
  user_data = templatefile("${path.module}/cloud-init.yaml", {
    db_password   = ⟦k:other⟧var.db_password⟦/k⟧
    openai_key    = "⟦s:provider_key:openai⟧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⟦/s⟧"
    admin_pass    = "⟦s:credential:password⟧Frantoio!Admin55⟦/s⟧"
    smtp_password = "⟦s:credential:smtp-password⟧Mailgun-Olio-9921⟦/s⟧"
    mailgun_key   = "⟦s:service_token:mailgun⟧8e1d26d51531560bd4c27df68ccc705b-43ea1012-062ce69a⟦/s⟧"
  })
}

resource "cloudflare_record" "shop" {
  zone_id = "⟦k:id⟧fc6dee03e91fbed8a67ad640480c7f6e⟦/k⟧"
  name    = "shop"
  value   = digitalocean_droplet.web.ipv4_address
  type    = "A"
  proxied = true
}

output "db_uri" {
  value     = "mysql://wordpress:${⟦k:other⟧var.db_password⟦/k⟧}@${digitalocean_database_cluster.wp.host}:25060/defaultdb"
  sensitive = true
}

# terraform.tfstate excerpt the contractor pasted under it:
#   "attributes": {
#     "host": "oleificio-mysql-do-user-1822311-0.b.db.ondigitalocean.com",
#     "password": "⟦s:credential:db-password⟧AVNS_AaViagzCrLTGCBj1rTTzQaLVTrbkshn4⟦/s⟧",
#     "private_host": "private-oleificio-mysql-do-user-1822311-0.b.db.ondigitalocean.com",
#     "uri": "mysql://doadmin:⟦s:credential:db-password⟧AVNS_AaViagzCrLTGCBj1rTTzQaLVTrbkshn4⟦/s⟧@oleificio-mysql-do-user-1822311-0.b.db.ondigitalocean.com:25060/defaultdb?ssl-mode=REQUIRED",
#     "ipv4_address": "⟦s:private:ip⟧164.90.181.22⟦/s⟧",
