using EMage.Domain.Common;

namespace EMage.Domain.Accounts;

/// <summary>Decides which events an account command produces. Pure: no clock, no I/O.</summary>
public static class AccountDecider
{
    public static IReadOnlyList<object> Decide(AccountCommand command, Account state) => (command, state) switch
    {
        (ProvisionAccount c, { Exists: false }) => Provision(c),
        (ProvisionAccount c, { Exists: true }) when state.Email == AccountRules.NormalizeEmail(c.Email) => [],
        (ProvisionAccount, { Exists: true }) =>
            throw new DomainException("ACCOUNT_EXISTS", "This account was already provisioned differently."),
        (_, { Exists: false }) when command is not AttemptSignIn =>
            throw new DomainException("ACCOUNT_NOT_FOUND", "No such account."),
        (AttemptSignIn c, _) => SignIn(c, state),
        (SetPassword c, _) => SetPassword(c),
        (ChangePassword c, _) => ChangePassword(c, state),
        (DeactivateAccount, { Active: false }) => [],
        (DeactivateAccount c, _) => [new AccountDeactivated(c.AccountId, c.Now)],
        (ReactivateAccount, { Active: true }) => [],
        (ReactivateAccount c, _) => [new AccountReactivated(c.AccountId, c.Now)],
        _ => throw new DomainException("UNSUPPORTED_COMMAND", $"{command.GetType().Name} is not an account command."),
    };

    private static IReadOnlyList<object> Provision(ProvisionAccount c)
    {
        AccountRules.EnsureEmail(AccountRules.NormalizeEmail(c.Email));
        if (string.IsNullOrWhiteSpace(c.DisplayName))
        {
            throw new DomainException("INVALID_NAME", "A display name is required.");
        }

        if (c.Role == AccountRole.Patient && c.PatientId is null)
        {
            throw new DomainException("PATIENT_REQUIRED", "A patient account belongs to a patient.");
        }

        if (c.Role == AccountRole.Professional && c.ProfessionalId is null)
        {
            throw new DomainException("PROFESSIONAL_REQUIRED", "A professional account belongs to a professional.");
        }

        return [new AccountProvisioned(
            c.AccountId, AccountRules.NormalizeEmail(c.Email), c.Role, c.DisplayName.Trim(), c.PatientId, c.Now, c.ProfessionalId)];
    }

    private static IReadOnlyList<object> SignIn(AttemptSignIn c, Account state)
    {
        if (state.IsLockedAt(c.Now))
        {
            return [new LoginRefusedWhileLocked(c.AccountId, c.ClientAddress, c.Now, state.LockedUntil!.Value)];
        }

        if (c.PasswordMatched is null)
        {
            throw new DomainException("PASSWORD_NOT_CHECKED", "An unlocked account's password must be checked.");
        }

        LoginFailureReason? reason = state switch
        {
            { Exists: false } => LoginFailureReason.UnknownAccount,
            { HasPassword: false } => LoginFailureReason.NoPasswordSet,
            _ when c.PasswordMatched == false => LoginFailureReason.WrongPassword,
            { Active: false } => LoginFailureReason.AccountDeactivated,
            _ => null,
        };
        if (reason is null)
        {
            return [new LoginSucceeded(c.AccountId, c.ClientAddress, c.Now)];
        }

        // A lockout that has run out leaves ConsecutiveFailures at 0, so the count starts afresh.
        var failures = state.ConsecutiveFailures + 1;
        var failed = new LoginFailed(c.AccountId, reason.Value, failures, c.ClientAddress, c.Now);
        // A deactivated account with the right password is not an attack: it does not count toward a block.
        if (reason == LoginFailureReason.AccountDeactivated)
        {
            return [failed with { ConsecutiveFailures = state.ConsecutiveFailures }];
        }

        return failures >= AccountRules.MaxConsecutiveFailures
            ? [failed, new AccountLockedOut(c.AccountId, c.Now, c.Now + AccountRules.LockoutDuration)]
            : [failed];
    }

    private static IReadOnlyList<object> SetPassword(SetPassword c)
    {
        AccountRules.EnsurePasswordPolicy(c.NewPassword);
        return [new PasswordSet(c.AccountId, c.Now)];
    }

    private static IReadOnlyList<object> ChangePassword(ChangePassword c, Account state)
    {
        if (!state.Active)
        {
            throw new DomainException("ACCOUNT_DEACTIVATED", "A deactivated account cannot change its password.");
        }

        if (!c.CurrentPasswordMatched)
        {
            throw new DomainException("INVALID_CURRENT_PASSWORD", "The current password is not correct.");
        }

        AccountRules.EnsurePasswordPolicy(c.NewPassword);
        return [new PasswordChanged(c.AccountId, c.Now)];
    }
}
