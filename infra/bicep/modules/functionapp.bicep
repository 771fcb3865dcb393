import { storageEndpoints } from 'storage.bicep'

param planName string
param siteName string
param location string

@allowed([
  'EP1'
  'EP2'
  'EP3'
])
param planSku string

@minValue(1)
@maxValue(100)
param maximumElasticWorkerCount int

@description('Linux image stack; it must carry the .NET runtime that the custom handler executable (dotnet) needs.')
param linuxFxVersion string

param applicationInsightsName string
param logAnalyticsWorkspaceId string
param primaryStorage storageEndpoints
param secondaryStorage storageEndpoints
@description('Region of the secondary storage account; the hub replicates restore points there when residency allows.')
param secondaryLocation string
@description('Key Vault holding the evidence signing key (secret evidence-signing-key: a PKCS#8 PEM of an ECDSA P-256 key), the MFA secret encryption key (secret mfa-secret-encryption-key: base64 of 32 random bytes), the subject index key (secret classification-subject-index-key: base64 of 32 random bytes), the erasure pseudonym key (secret erasure-pseudonym-key) and the download link signing key (secret download-link-signing-key), each base64 of 32 random bytes.')
param keyVaultName string
param entraAuthority string
param entraAudience string
param platformDirectoryId string
param tags object

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'elastic'
  sku: {
    name: planSku
    tier: 'ElasticPremium'
  }
  properties: {
    reserved: true
    maximumElasticWorkerCount: maximumElasticWorkerCount
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: siteName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    reserved: true
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      minimumElasticInstanceCount: 1
      appSettings: [
        { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
        { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'custom' }
        // Shared-key access is off on the storage accounts, so there is no Azure Files content share:
        // the app runs from the deployed zip package instead.
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
        { name: 'AzureWebJobsStorage__accountName', value: primaryStorage.name }
        { name: 'AzureWebJobsStorage__blobServiceUri', value: primaryStorage.blobServiceUri }
        { name: 'AzureWebJobsStorage__queueServiceUri', value: primaryStorage.queueServiceUri }
        { name: 'AzureWebJobsStorage__tableServiceUri', value: primaryStorage.tableServiceUri }
        { name: 'Hub__SecondaryStorage__blobServiceUri', value: secondaryStorage.blobServiceUri }
        { name: 'Hub__SecondaryStorage__queueServiceUri', value: secondaryStorage.queueServiceUri }
        { name: 'Hub__SecondaryStorage__tableServiceUri', value: secondaryStorage.tableServiceUri }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsights.properties.ConnectionString }
        { name: 'Hub__Backup__PrimaryRegion', value: location }
        { name: 'Hub__Backup__SecondaryRegion', value: secondaryLocation }
        { name: 'Hub__Signing__EvidenceKeyPem', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=evidence-signing-key)' }
        { name: 'Hub__Accounts__TokenSigningKey', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=account-token-signing-key)' }
        { name: 'Hub__Signing__GenerateDevelopmentKey', value: 'false' }
        { name: 'Hub__Mfa__SecretEncryptionKey', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=mfa-secret-encryption-key)' }
        { name: 'Hub__Erasure__PseudonymKey', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=erasure-pseudonym-key)' }
        { name: 'Hub__Downloads__SigningKey', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=download-link-signing-key)' }
        { name: 'Hub__Classification__SubjectIndexKey', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=classification-subject-index-key)' }
        { name: 'Hub__DevAuth__Enabled', value: 'false' }
        { name: 'Hub__Entra__Authority', value: entraAuthority }
        { name: 'Hub__Entra__Audience', value: entraAudience }
        { name: 'Hub__Entra__PlatformDirectoryId', value: platformDirectoryId }
      ]
    }
  }
}

resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'FunctionAppLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
output principalId string = site.identity.principalId
