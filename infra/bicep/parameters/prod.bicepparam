using '../main.bicep'

param environmentName = 'prod'
param location = 'westeurope'
param secondaryLocation = 'northeurope'
param entraAuthority = 'https://login.microsoftonline.com/organizations/v2.0'
param entraAudience = 'api://data-governance-hub'
param platformDirectoryId = '00000000-0000-0000-0000-000000000000'
param storageSku = 'Standard_GZRS'
param functionPlanSku = 'EP2'
param functionMaximumInstances = 20
param blobDeleteRetentionDays = 30
param logRetentionInDays = 90
param tags = {
  costCenter: 'data-governance-prod'
}
