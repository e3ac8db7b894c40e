using EMage.Domain.Accounts;
using EMage.Domain.Establishments;

namespace EMage.Projections.Store;

/// <summary>
/// The name each event type has in the store, pinned so that renaming or moving a class never
/// orphans the events already written. A test compares this list with a committed snapshot.
/// </summary>
public static class EventTypeNames
{
    public static readonly IReadOnlyList<(Type Type, string Name)> All =
    [
        (typeof(AccountProvisioned), "account_provisioned"),
        (typeof(PasswordSet), "password_set"),
        (typeof(LoginSucceeded), "login_succeeded"),
        (typeof(LoginFailed), "login_failed"),
        (typeof(AccountLockedOut), "account_locked_out"),
        (typeof(LoginRefusedWhileLocked), "login_refused_while_locked"),
        (typeof(PasswordChanged), "password_changed"),
        (typeof(AccountDeactivated), "account_deactivated"),
        (typeof(EstablishmentRegistered), "establishment_registered"),
    ];
}
