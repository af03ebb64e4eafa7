// SIP-lotsen on Azure, Sweden Central (README "Azure (Sweden Central)"). Deploy into a resource
// group in two passes: deployApp=false creates everything but the app and the Azure Bot; put the
// data key into Key Vault and create the bot's PostgreSQL role; then deploy again with deployApp=true.
// No compiler runs on CI: test/deploy/infra.test.ts checks this file's contract as text.
targetScope = 'resourceGroup'

@description('Azure region of everything but the Azure Bot. Sweden Central keeps the data in Sweden.')
param location string = 'swedencentral'
@description('Prefix of resource names.')
param namePrefix string = 'sip-lotsen'
@description('The bot image, pinned by tag or digest, e.g. <registry>/sip-lotsen:0.1.0.')
param image string
@description('false: the first pass, before the data key and the PostgreSQL role exist.')
param deployApp bool = true
@description('The Entra tenant the bot serves (and whose identity signs its messages).')
param tenantId string = tenant().tenantId
@description('Further tenants served (ALLOWED_TENANTS: ids separated by commas, or JSON).')
param allowedTenants string = ''

// New multi-tenant Azure Bots cannot be created since July 2025 (TOOLCHAIN.md): MSI or single tenant.
@allowed(['UserAssignedMSI', 'SingleTenant'])
param botAppType string = 'UserAssignedMSI'
@description('SingleTenant only: the app registration\'s client id (its secret: Key Vault "bot-password").')
param botAppId string = ''
// Azure Bot has no Sweden Central; 'westeurope' is its EU data-residency region (README).
@allowed(['westeurope', 'global'])
param botLocation string = 'westeurope'
@allowed(['F0', 'S1'])
param botSku string = 'F0'
param botDisplayName string = 'SIP-lotsen'

@minValue(2)
param minReplicas int = 2
param maxReplicas int = 4
param zoneRedundant bool = true
param addressPrefix string = '10.40.0.0/16'

param postgresSkuName string = 'Standard_B2s'
@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param postgresSkuTier string = 'Burstable'
param postgresStorageGB int = 32
@minValue(7)
@maxValue(35)
param postgresBackupRetentionDays int = 35
@description('Zone-redundant standby; needs GeneralPurpose or MemoryOptimized.')
param postgresHighAvailability bool = false
@description('Entra admin of PostgreSQL (e.g. the DBA group); empty: the bot\'s managed identity.')
param postgresAdminObjectId string = ''
param postgresAdminName string = ''
@allowed(['User', 'Group', 'ServicePrincipal'])
param postgresAdminType string = 'Group'

@description('Who puts the data key into Key Vault (object id); empty: grant the role yourself.')
param secretsOfficerObjectId string = ''
param retentionDays int = 90
@allowed(['fatal', 'error', 'warn', 'info', 'debug'])
param logLevel string = 'info'
param logRetentionDays int = 30
@description('Key Vault names are global and at most 24 characters.')
param keyVaultName string = 'sip${uniqueString(resourceGroup().id)}'

var databaseName = 'sip'
// Built-in role ids.
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-id'
  location: location
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs'
  location: location
  properties: { sku: { name: 'PerGB2018' }, retentionInDays: logRetentionDays }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-insights'
  location: location
  kind: 'web'
  properties: { Application_Type: 'web', WorkspaceResourceId: logs.id }
}

// RBAC only (no access policies) and purge protection: a deleted data key would make every case
// text unreadable for ever, so nobody can purge it before the retention period has run.
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enablePurgeProtection: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
  }
}

resource appReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

resource officerWritesSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(secretsOfficerObjectId)) {
  scope: vault
  name: guid(vault.id, secretsOfficerObjectId, keyVaultSecretsOfficer)
  properties: {
    principalId: secretsOfficerObjectId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficer)
  }
}

module network 'modules/network.bicep' = {
  name: 'network'
  params: { location: location, name: '${namePrefix}-vnet', addressPrefix: addressPrefix }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    location: location
    name: '${namePrefix}-pg-${uniqueString(resourceGroup().id)}'
    tenantId: tenantId
    subnetId: network.outputs.postgresSubnetId
    dnsZoneId: network.outputs.dnsZoneId
    databaseName: databaseName
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    storageSizeGB: postgresStorageGB
    backupRetentionDays: postgresBackupRetentionDays
    highAvailability: postgresHighAvailability
    adminObjectId: empty(postgresAdminObjectId) ? identity.properties.principalId : postgresAdminObjectId
    adminName: empty(postgresAdminObjectId) ? identity.name : postgresAdminName
    adminType: empty(postgresAdminObjectId) ? 'ServicePrincipal' : postgresAdminType
  }
}

module app 'modules/app.bicep' = if (deployApp) {
  name: 'app'
  dependsOn: [appReadsSecrets]
  params: {
    location: location
    name: namePrefix
    environmentName: '${namePrefix}-env'
    subnetId: network.outputs.appsSubnetId
    logAnalyticsCustomerId: logs.properties.customerId
    logAnalyticsSharedKey: logs.listKeys().primarySharedKey
    zoneRedundant: zoneRedundant
    identityId: identity.id
    identityClientId: identity.properties.clientId
    image: image
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    keyVaultUri: vault.properties.vaultUri
    botAppType: botAppType
    botAppId: botAppId
    tenantId: tenantId
    allowedTenants: allowedTenants
    // The role is the identity's name (README: pgaadauth_create_principal); TLS verified.
    databaseUrl: 'postgres://${identity.name}@${postgres.outputs.fqdn}:5432/${databaseName}?sslmode=verify-full'
    appInsightsConnectionString: insights.properties.ConnectionString
    retentionDays: retentionDays
    logLevel: logLevel
  }
}

// The Bot Framework registration Teams talks to; it relays messages and stores no case data.
resource bot 'Microsoft.BotService/botServices@2022-09-15' = if (deployApp) {
  name: '${namePrefix}-bot-${uniqueString(resourceGroup().id)}'
  location: botLocation
  kind: 'azurebot'
  sku: { name: botSku }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${app!.outputs.fqdn}/api/messages'
    msaAppType: botAppType
    msaAppId: botAppType == 'UserAssignedMSI' ? identity.properties.clientId : botAppId
    msaAppTenantId: tenantId
    msaAppMSIResourceId: botAppType == 'UserAssignedMSI' ? identity.id : null
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = if (deployApp) {
  parent: bot
  name: 'MsTeamsChannel'
  location: botLocation
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true }
  }
}

output identityName string = identity.name
output identityClientId string = identity.properties.clientId
output keyVaultName string = vault.name
output postgresHost string = postgres.outputs.fqdn
output publicUrl string = deployApp ? app!.outputs.publicUrl : ''
output botAppId string = botAppType == 'UserAssignedMSI' ? identity.properties.clientId : botAppId
