using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace EMage.GraphQL.Schema;

/// <summary>What every resolver knows of the request: the HTTP context and who is signed in.</summary>
public sealed class EmageUserContext(HttpContext http) : Dictionary<string, object?>
{
    public const string AccountIdClaim = "emage:account";
    public const string EstablishmentClaim = "emage:establishment";

    /// <summary>Where the session check leaves the signed-in account's status, read with the session in one round trip.</summary>
    public const string AccountStatusItem = "emage.account-status";

    public HttpContext Http { get; } = http;

    /// <summary>The account status read by the session check of this request, when there was one.</summary>
    public EMage.Projections.Accounts.AccountStatus? SessionAccount =>
        Http.Items.TryGetValue(AccountStatusItem, out var value) && value is EMage.Projections.Accounts.AccountStatus account && account.Id == AccountId
            ? account
            : null;

    public string ClientAddress => Http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public Guid? AccountId =>
        Http.User.FindFirst(AccountIdClaim)?.Value is { } value && Guid.TryParse(value, out var id) ? id : null;

    public ClaimsPrincipal User => Http.User;

    /// <summary>The establishment of an authenticated API client.</summary>
    public Guid? EstablishmentId =>
        Http.User.FindFirst(EstablishmentClaim)?.Value is { } value && Guid.TryParse(value, out var id) ? id : null;

    /// <summary>Ties every event written by this request together in the log.</summary>
    public string CorrelationId { get; } = http.TraceIdentifier is { Length: > 0 } trace ? trace : Guid.NewGuid().ToString("N");
}
