@description('Key Vault in this resource group that the principal reads secrets from and uses keys of.')
param keyVaultName string

@description('Object id of the Function App\'s system-assigned identity.')
param principalId string

var roleDefinitionIds = [
  '4633458b-17de-408a-b874-0445c86b69e6' // Key Vault Secrets User
  '12338af0-0e69-4776-bea7-57ae8d297424' // Key Vault Crypto User
]

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in roleDefinitionIds: {
    name: guid(vault.id, principalId, roleId)
    scope: vault
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]
