using DataGovernance.Outcomes;
using DataGovernance.Security;
using DataGovernance.Storage;

namespace DataGovernance.Team;

/// <summary>
/// A tenant's departments: names unique per tenant (ignoring case), a parent that exists and no cycles, a manager
/// who is a member. A department that still has members or sub-departments cannot be deleted.
/// </summary>
public sealed class DepartmentService(DepartmentStore store, TeamMemberStore members, TimeProvider clock)
{
    /// <summary>Concurrent changes of the same tenant's departments are re-applied to the fresh list this often.</summary>
    private const int Attempts = 5;

    public async Task<IReadOnlyList<Department>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        [.. (await store.GetAsync(tenantId, cancellationToken)).List.Items.OrderBy(department => department.Name, StringComparer.OrdinalIgnoreCase)];

    public async Task<Result<Department>> GetAsync(string tenantId, string departmentId, CancellationToken cancellationToken) =>
        (await store.GetAsync(tenantId, cancellationToken)).List.Items.FirstOrDefault(department => department.Id == departmentId) is { } found
            ? found
            : NotFound(departmentId);

    public async Task<bool> ExistsAsync(string tenantId, string departmentId, CancellationToken cancellationToken) =>
        (await GetAsync(tenantId, departmentId, cancellationToken)).Succeeded;

    public async Task<Result<Department>> CreateAsync(string tenantId, DepartmentRequest request, Actor actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            return Failure.Validation(FieldErrors.Of("name", "Required."));
        }
        var id = Department.NewId();
        return await ChangeAsync(tenantId, request, actor, list =>
        {
            if (list.Items.Count >= Department.MaxPerTenant)
            {
                return Failure.Conflict("too-many-departments", $"A tenant has at most {Department.MaxPerTenant} departments.");
            }
            var now = clock.GetUtcNowForStorage();
            return new Department(id, "", null, null, now, now, actor.Id);
        }, cancellationToken);
    }

    public Task<Result<Department>> UpdateAsync(string tenantId, string departmentId, DepartmentRequest request, Actor actor, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, request, actor, list =>
            list.Items.FirstOrDefault(department => department.Id == departmentId) is { } found ? found : NotFound(departmentId), cancellationToken);

    public async Task<Result<bool>> DeleteAsync(string tenantId, string departmentId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (list, etag) = await store.GetAsync(tenantId, cancellationToken);
            if (!list.Items.Any(department => department.Id == departmentId))
            {
                return NotFound(departmentId);
            }
            if (list.Items.Any(department => department.ParentId == departmentId))
            {
                return Failure.Conflict("department-has-subdepartments", "Move or delete the department's sub-departments first.");
            }
            if (await members.AnyInDepartmentAsync(tenantId, departmentId, cancellationToken))
            {
                return Failure.Conflict("department-has-members", "Move the department's members to another department (or none) first.");
            }
            var saved = await store.SaveAsync(tenantId, new DepartmentList([.. list.Items.Where(department => department.Id != departmentId)]), etag, cancellationToken);
            if (saved.Succeeded || attempt == Attempts)
            {
                return saved.Succeeded ? true : saved.Failure;
            }
        }
    }

    /// <summary>Applies the request to the department <paramref name="pick"/> chooses (or creates), checks the list and saves it.</summary>
    private async Task<Result<Department>> ChangeAsync(
        string tenantId, DepartmentRequest request, Actor actor, Func<DepartmentList, Result<Department>> pick, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (list, etag) = await store.GetAsync(tenantId, cancellationToken);
            var picked = pick(list);
            if (!picked.Succeeded)
            {
                return picked.Failure;
            }
            var changed = await ApplyAsync(tenantId, list, picked.Value, request, actor, cancellationToken);
            if (!changed.Succeeded)
            {
                return changed.Failure;
            }
            var items = list.Items.Where(department => department.Id != changed.Value.Id).Append(changed.Value).ToList();
            var saved = await store.SaveAsync(tenantId, new DepartmentList(items), etag, cancellationToken);
            if (saved.Succeeded || attempt == Attempts)
            {
                return saved.Succeeded ? changed.Value : saved.Failure;
            }
        }
    }

    private async Task<Result<Department>> ApplyAsync(
        string tenantId, DepartmentList list, Department department, DepartmentRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var name = request.Name is null ? department.Name : request.Name.Trim();
        if (name.Length is 0 or > Department.MaxNameLength)
        {
            errors.Add("name", $"1–{Department.MaxNameLength} characters.");
        }
        var parentId = request.ParentId is null ? department.ParentId : request.ParentId.Length == 0 ? null : request.ParentId;
        if (parentId is not null && !list.Items.Any(other => other.Id == parentId))
        {
            errors.Add("parentId", $"There is no department '{parentId}'.");
        }
        else if (parentId is not null && CreatesCycle(list, department.Id, parentId))
        {
            errors.Add("parentId", "A department cannot be nested under itself or one of its sub-departments.");
        }
        var managerUserId = request.ManagerUserId is null ? department.ManagerUserId : request.ManagerUserId.Length == 0 ? null : request.ManagerUserId;
        if (managerUserId is not null && (!RoleAssignmentService.IsValidUserId(managerUserId)
            || await members.GetStatusAsync(tenantId, managerUserId, cancellationToken) is null))
        {
            errors.Add("managerUserId", $"'{managerUserId}' is not a member of the team.");
        }
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        if (list.Items.Any(other => other.Id != department.Id && string.Equals(other.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return Failure.Conflict("department-name-taken", $"There is a department named '{name}' already.");
        }
        return department with { Name = name, ParentId = parentId, ManagerUserId = managerUserId, UpdatedAt = clock.GetUtcNowForStorage(), UpdatedBy = actor.Id };
    }

    private static bool CreatesCycle(DepartmentList list, string departmentId, string parentId)
    {
        var parents = list.Items.ToDictionary(department => department.Id, department => department.ParentId);
        var current = parentId;
        for (var steps = 0; current is not null && steps <= parents.Count; steps++, current = parents.GetValueOrDefault(current))
        {
            if (current == departmentId)
            {
                return true;
            }
        }
        return false;
    }

    private static Failure NotFound(string departmentId) => Failure.NotFound($"There is no department '{departmentId}'.");
}
