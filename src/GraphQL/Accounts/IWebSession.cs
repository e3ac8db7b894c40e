using EMage.Projections.Accounts;
using Microsoft.AspNetCore.Http;

namespace EMage.GraphQL.Accounts;

/// <summary>The host's session mechanism (cookies), as the account mutations need it.</summary>
public interface IWebSession
{
    /// <summary>Starts a new session (a new session id) for the account, replacing any current one.</summary>
    Task SignIn(HttpContext http, AccountStatus account);

    /// <summary>Ends the current session, if any; true when there was one.</summary>
    Task<bool> SignOut(HttpContext http);

    /// <summary>Ends every other session of the account (after a password change, say).</summary>
    Task EndOtherSessions(HttpContext http, Guid accountId);
}
