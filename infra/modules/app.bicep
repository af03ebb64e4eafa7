// The bot's host: a Container Apps environment in the VNet and the bot's app, at least two
// replicas (pg-boss shares the jobs between them; README "More than one instance"). Every env
// name below is one src/config.ts reads (test/deploy/infra.test.ts checks it).

param location string
param name string
param environmentName string
param subnetId string
param logAnalyticsCustomerId string
@secure()
param logAnalyticsSharedKey string
param zoneRedundant bool
param identityId string
param identityClientId string
param image string
@minValue(2)
param minReplicas int
param maxReplicas int
param keyVaultUri string
@allowed(['UserAssignedMSI', 'SingleTenant'])
param botAppType string
param botAppId string
param tenantId string
param allowedTenants string
param databaseUrl string
param appInsightsConnectionString string
param retentionDays int
param logLevel string

var port = 3978
// Key Vault secrets, read with the managed identity and mounted as files under /run/secrets:
// the values never enter the environment (config-secrets.ts, README "Erasure").
var vaultSecrets = concat(
  [{ name: 'data-key', keyVaultUrl: '${keyVaultUri}secrets/data-key', identity: identityId }],
  botAppType == 'SingleTenant'
    ? [{ name: 'bot-password', keyVaultUrl: '${keyVaultUri}secrets/bot-password', identity: identityId }]
    : []
)

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: environmentName
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: { customerId: logAnalyticsCustomerId, sharedKey: logAnalyticsSharedKey }
    }
    vnetConfiguration: { infrastructureSubnetId: subnetId, internal: false }
    workloadProfiles: [{ name: 'Consumption', workloadProfileType: 'Consumption' }]
    zoneRedundant: zoneRedundant
  }
}

var publicUrl = 'https://${name}.${environment.properties.defaultDomain}'

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  identity: { type: 'UserAssigned', userAssignedIdentities: { '${identityId}': {} } }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: { external: true, targetPort: port, transport: 'http', allowInsecure: false }
      secrets: vaultSecrets
    }
    template: {
      containers: [
        {
          name: 'bot'
          image: image
          resources: { cpu: json('0.5'), memory: '1Gi' }
          env: concat(
            [
              { name: 'NODE_ENV', value: 'production' }
              { name: 'PORT', value: string(port) }
              { name: 'MicrosoftAppType', value: botAppType }
              { name: 'MicrosoftAppId', value: botAppType == 'UserAssignedMSI' ? identityClientId : botAppId }
              { name: 'MicrosoftAppTenantId', value: tenantId }
              { name: 'ALLOWED_TENANTS', value: allowedTenants }
              { name: 'PUBLIC_URL', value: publicUrl }
              // No password in the URL: the identity's Entra token is the password (DATABASE_AUTH).
              { name: 'DATABASE_URL', value: databaseUrl }
              { name: 'DATABASE_AUTH', value: 'entra' }
              { name: 'AZURE_CLIENT_ID', value: identityClientId }
              { name: 'DATA_KEY_FILE', value: '/run/secrets/data-key' }
              { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
              { name: 'RETENTION_DAYS', value: string(retentionDays) }
              { name: 'LOG_LEVEL', value: logLevel }
            ],
            botAppType == 'SingleTenant' ? [{ name: 'MicrosoftAppPassword_FILE', value: '/run/secrets/bot-password' }] : []
          )
          volumeMounts: [{ volumeName: 'secrets', mountPath: '/run/secrets' }]
          probes: [
            // Liveness: the process answers; a restart cures a wedged one.
            {
              type: 'Liveness'
              httpGet: { path: '/healthz', port: port }
              initialDelaySeconds: 10
              periodSeconds: 10
              failureThreshold: 3
            }
            // Readiness: database answers, migrations applied, workers started; no traffic before.
            {
              type: 'Readiness'
              httpGet: { path: '/readyz', port: port }
              initialDelaySeconds: 5
              periodSeconds: 5
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: { minReplicas: minReplicas, maxReplicas: maxReplicas }
      volumes: [
        {
          name: 'secrets'
          storageType: 'Secret'
          secrets: map(vaultSecrets, s => { secretRef: s.name, path: s.name })
        }
      ]
    }
  }
}

output fqdn string = app.properties.configuration.ingress.fqdn
output publicUrl string = publicUrl
