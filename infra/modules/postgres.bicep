// Azure Database for PostgreSQL Flexible Server 16: Microsoft Entra sign-in only (no password
// exists to leak or rotate), reachable only inside the VNet, backups kept in the region.

param location string
param name string
param tenantId string
param subnetId string
param dnsZoneId string
param databaseName string
param skuName string
param skuTier string
param storageSizeGB int
param backupRetentionDays int
param highAvailability bool
@description('The Entra admin: its object id, display name and kind (the managed identity by default).')
param adminObjectId string
param adminName string
@allowed(['User', 'Group', 'ServicePrincipal'])
param adminType string

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  sku: { name: skuName, tier: skuTier }
  properties: {
    version: '16'
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: tenantId
    }
    network: {
      delegatedSubnetResourceId: subnetId
      privateDnsZoneArmResourceId: dnsZoneId
      publicNetworkAccess: 'Disabled'
    }
    storage: { storageSizeGB: storageSizeGB, autoGrow: 'Enabled' }
    // Geo-redundant backup would copy the data to the paired region; off keeps it in Sweden Central.
    backup: { backupRetentionDays: backupRetentionDays, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: highAvailability ? 'ZoneRedundant' : 'Disabled' }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
}

// The server accepts no other change while it adds its admin, hence after the database.
resource admin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = {
  parent: server
  name: adminObjectId
  dependsOn: [database]
  properties: {
    principalName: adminName
    principalType: adminType
    tenantId: tenantId
  }
}

output fqdn string = server.properties.fullyQualifiedDomainName
