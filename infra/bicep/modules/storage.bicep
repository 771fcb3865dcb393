@description('Storage account name: 3–24 lowercase letters and digits, globally unique.')
@minLength(3)
@maxLength(24)
param name string

param location string

@allowed([
  'Standard_ZRS'
  'Standard_GZRS'
  'Standard_RAGZRS'
  'Standard_GRS'
  'Standard_RAGRS'
])
param skuName string

@description('Days a deleted blob or container stays recoverable.')
@minValue(1)
@maxValue(365)
param deleteRetentionDays int

param tags object

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    // Every client, the Functions host included, signs in with Entra ID; account keys and key-signed SAS are refused.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: deleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: deleteRetentionDays
    }
  }
}

@export()
type storageEndpoints = {
  name: string
  blobServiceUri: string
  queueServiceUri: string
  tableServiceUri: string
}

output endpoints storageEndpoints = {
  name: account.name
  blobServiceUri: account.properties.primaryEndpoints.blob
  queueServiceUri: account.properties.primaryEndpoints.queue
  tableServiceUri: account.properties.primaryEndpoints.table
}
