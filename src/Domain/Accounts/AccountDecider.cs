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
        (SetPasswordWithLink, { Exists: false }) => throw AccountRules.LinkInvalid(),
        (VerifySignInCode, { Exists: false }) => throw AccountRules.CodeExpired(),
        (_, { Exists: false }) when command is not AttemptSignIn =>
            throw new DomainException("ACCOUNT_NOT_FOUND", "No such account."),
        (AttemptSignIn c, _) => SignIn(c, state),
        (SetPassword c, _) => SetPassword(c),
        (ChangePassword c, _) => ChangePassword(c, state),
        (DeactivateAccount, { Active: false }) => [],
        (DeactivateAccount c, _) => [new AccountDeactivated(c.AccountId, c.Now)],
        (ReactivateAccount, { Active: true }) => [],
        (ReactivateAccount c, _) => [new AccountReactivated(c.AccountId, c.Now)],
        (SendLink c, _) => Send(c, state),
        (SetPasswordWithLink c, _) => UseLink(c, state),
        (VerifySignInCode c, _) => VerifyCode(c, state),
        (ChangeNotificationPreference c, _) => [new NotificationPreferenceChanged(c.AccountId, c.Openings, c.Now)],
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
            if (!AccountRules.NeedsSecondFactor(state.Role))
            {
                return [new LoginSucceeded(c.AccountId, c.ClientAddress, c.Now)];
            }

            // The password is right; the session waits for the e-mailed code. The failure count is
            // not reset: only a complete sign-in resets it.
            var (challenge, code) = c.SecondFactor
                ?? throw new DomainException("SECOND_FACTOR_REQUIRED", "This account's sign-in needs a prepared code.");
            return [new SignInCodeSent(c.AccountId, challenge, code, c.ClientAddress, c.Now, c.Now + AccountRules.SignInCodeValidity)];
        }

        // A lockout that has run out leaves ConsecutiveFailures at 0, so the count starts afresh.
        var failures = state.ConsecutiveFailures + 1;
        var failed = new LoginFailed(c.AccountId, reason.Value, failures, c.ClientAddress, c.Now);
        // A deactivated account with the right password is not an attack: it does not count toward a block.
        if (reason == LoginFailureReason.AccountDeactivated)
        {
            return [failed with { ConsecutiveFailures = state.ConsecutiveFailures }];
        }

        return Failed(state, failed, c.Now);
    }

    private static IReadOnlyList<object> Failed(Account state, LoginFailed failed, DateTimeOffset now) =>
        failed.ConsecutiveFailures >= AccountRules.MaxConsecutiveFailures
            ? [failed, new AccountLockedOut(state.Exists ? state.Id : failed.AccountId, now, now + AccountRules.LockoutDuration)]
            : [failed];

    private static IReadOnlyList<object> VerifyCode(VerifySignInCode c, Account state)
    {
        if (state.IsLockedAt(c.Now))
        {
            return [new LoginRefusedWhileLocked(c.AccountId, c.ClientAddress, c.Now, state.LockedUntil!.Value)];
        }

        if (state.Challenge is not { Done: false } challenge || !AccountRules.SameHash(challenge.ChallengeHash, c.ChallengeHash)
            || challenge.ExpiresAt <= c.Now || challenge.WrongCodes >= AccountRules.MaxCodeTries || !state.Active)
        {
            throw AccountRules.CodeExpired();
        }

        if (!AccountRules.SameHash(challenge.CodeHash, c.CodeHash))
        {
            var failed = new LoginFailed(c.AccountId, LoginFailureReason.WrongCode, state.ConsecutiveFailures + 1, c.ClientAddress, c.Now);
            return Failed(state, failed, c.Now);
        }

        return [new SignInCodeVerified(c.AccountId, challenge.ChallengeHash, c.Now), new LoginSucceeded(c.AccountId, c.ClientAddress, c.Now)];
    }

    private static IReadOnlyList<object> Send(SendLink c, Account state)
    {
        // An activation link for an account that has a password already, a link for a deactivated
        // account, or a fourth link within the hour: nothing is sent (and the caller says nothing).
        var recent = state.Links.Count(l => l.Purpose == c.Purpose && l.SentAt > c.Now - AccountRules.LinkThrottleWindow);
        if (!state.Active || (c.Purpose == LinkPurpose.Activation && state.HasPassword) || recent >= AccountRules.MaxLinksPerWindow)
        {
            return [];
        }

        return [new AccountLinkSent(c.AccountId, c.Purpose, c.TokenHash, c.Now, c.Now + AccountRules.LinkValidity(c.Purpose))];
    }

    private static IReadOnlyList<object> UseLink(SetPasswordWithLink c, Account state)
    {
        var link = state.Links.FirstOrDefault(l => AccountRules.SameHash(l.TokenHash, c.PresentedTokenHash));
        if (link is null || !state.Active)
        {
            throw AccountRules.LinkInvalid();
        }

        if (link.Spent)
        {
            throw new DomainException("LINK_USED", "This link was already used. Ask for a new one.");
        }

        if (link.ExpiresAt <= c.Now)
        {
            throw new DomainException("LINK_EXPIRED", "This link has expired. Ask for a new one.");
        }

        AccountRules.EnsurePasswordPolicy(c.NewPassword);
        return [new PasswordSet(c.AccountId, c.Now)];
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
