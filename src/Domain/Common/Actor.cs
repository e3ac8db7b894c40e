namespace EMage.Domain.Common;

/// <summary>Who asked for a change: written on every event's metadata, and carried by every command.</summary>
public sealed record Actor(string Kind, string Id)
{
    public static Actor Anonymous(string clientAddress) => new("anonymous", clientAddress);
    public static Actor Account(Guid accountId) => new("account", accountId.ToString("D"));
    public static Actor System(string job) => new("system", job);

    public override string ToString() => $"{Kind}:{Id}";
}
