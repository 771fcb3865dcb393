using '../main.bicep'

param environmentName = 'test'
param location = 'westeurope'
param secondaryLocation = 'northeurope'
param entraAuthority = 'https://login.microsoftonline.com/organizations/v2.0'
param entraAudience = 'api://data-governance-hub-test'
param platformDirectoryId = '00000000-0000-0000-0000-000000000000'
param storageSku = 'Standard_ZRS'
param functionPlanSku = 'EP1'
param functionMaximumInstances = 5
param blobDeleteRetentionDays = 14
param logRetentionInDays = 30
param tags = {
  costCenter: 'data-governance-test'
}
