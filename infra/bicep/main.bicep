metadata description = 'Data Governance Hub: Linux Function App (custom handler), primary and secondary storage, Key Vault and monitoring.'

@description('Deployment environment; part of every resource name.')
@allowed([
  'dev'
  'test'
  'prod'
])
param environmentName string

@description('Region of the Function App, the primary storage account, Key Vault and monitoring.')
param location string = resourceGroup().location

@description('Region of the secondary storage account that holds the hub\'s replicas for disaster recovery. Must differ from location.')
param secondaryLocation string

@description('Entra ID authority the hub accepts tokens from, e.g. https://login.microsoftonline.com/organizations/v2.0.')
param entraAuthority string

@description('Audience (application id URI or client id) that tokens for the hub carry.')
param entraAudience string

@description('The operators\' own Entra directory (tenant) id: only its tokens may carry platform roles.')
param platformDirectoryId string

@description('Redundancy of both storage accounts. The hub replicates to the secondary account itself, so zone redundancy is the baseline.')
@allowed([
  'Standard_ZRS'
  'Standard_GZRS'
  'Standard_RAGZRS'
  'Standard_GRS'
  'Standard_RAGRS'
])
param storageSku string = 'Standard_ZRS'

@description('Elastic Premium plan size of the Function App.')
@allowed([
  'EP1'
  'EP2'
  'EP3'
])
param functionPlanSku string = 'EP1'

@description('Upper bound of instances the Elastic Premium plan scales out to.')
@minValue(1)
@maxValue(100)
param functionMaximumInstances int = 20

@description('Linux stack of the Function App; it must provide the .NET runtime that host.json\'s custom handler starts.')
param functionLinuxFxVersion string = 'DOTNET-ISOLATED|10.0'

@description('Whether Key Vault accepts traffic from public networks.')
@allowed([
  'Enabled'
  'Disabled'
])
param keyVaultPublicNetworkAccess string = 'Enabled'

@description('Days a deleted blob or container stays recoverable.')
@minValue(1)
@maxValue(365)
param blobDeleteRetentionDays int = 14

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Tags added to every resource, beside environment and workload.')
param tags object = {}

var suffix = uniqueString(resourceGroup().id)
var allTags = union(tags, {
  environment: environmentName
  workload: 'data-governance-hub'
})
// A secondary account in the primary's region would make the disaster-recovery copy share its outage.
var replicaLocation = toLower(secondaryLocation) != toLower(location)
  ? secondaryLocation
  : fail('secondaryLocation must be a different region from location.')

module monitoring 'modules/monitoring.bicep' = {
  params: {
    logAnalyticsName: 'log-dg-${environmentName}-${suffix}'
    applicationInsightsName: 'appi-dg-${environmentName}-${suffix}'
    location: location
    retentionInDays: logRetentionInDays
    tags: allTags
  }
}

module primaryStorage 'modules/storage.bicep' = {
  params: {
    name: 'stdg${environmentName}p${suffix}'
    location: location
    skuName: storageSku
    deleteRetentionDays: blobDeleteRetentionDays
    tags: allTags
  }
}

module secondaryStorage 'modules/storage.bicep' = {
  params: {
    name: 'stdg${environmentName}s${suffix}'
    location: replicaLocation
    skuName: storageSku
    deleteRetentionDays: blobDeleteRetentionDays
    tags: allTags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  params: {
    name: 'kv-dg-${environmentName}-${suffix}'
    location: location
    publicNetworkAccess: keyVaultPublicNetworkAccess
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    tags: allTags
  }
}

module functionApp 'modules/functionapp.bicep' = {
  params: {
    planName: 'plan-dg-${environmentName}-${suffix}'
    siteName: 'func-dg-${environmentName}-${suffix}'
    location: location
    planSku: functionPlanSku
    maximumElasticWorkerCount: functionMaximumInstances
    linuxFxVersion: functionLinuxFxVersion
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    primaryStorage: primaryStorage.outputs.endpoints
    secondaryStorage: secondaryStorage.outputs.endpoints
    secondaryLocation: replicaLocation
    keyVaultName: keyVault.outputs.name
    entraAuthority: entraAuthority
    entraAudience: entraAudience
    platformDirectoryId: platformDirectoryId
    tags: allTags
  }
}

module primaryStorageRoles 'modules/storage-roles.bicep' = {
  params: {
    storageAccountName: primaryStorage.outputs.endpoints.name
    principalId: functionApp.outputs.principalId
  }
}

module secondaryStorageRoles 'modules/storage-roles.bicep' = {
  params: {
    storageAccountName: secondaryStorage.outputs.endpoints.name
    principalId: functionApp.outputs.principalId
  }
}

module keyVaultRoles 'modules/keyvault-roles.bicep' = {
  params: {
    keyVaultName: keyVault.outputs.name
    principalId: functionApp.outputs.principalId
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppDefaultHostName string = functionApp.outputs.defaultHostName
output primaryStorageAccountName string = primaryStorage.outputs.endpoints.name
output secondaryStorageAccountName string = secondaryStorage.outputs.endpoints.name
output keyVaultUri string = keyVault.outputs.uri
