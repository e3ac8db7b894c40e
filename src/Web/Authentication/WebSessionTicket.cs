namespace EMage.Web.Authentication;

/// <summary>
/// A signed-in session kept on the server: the cookie carries only <see cref="Id"/>, so signing out,
/// a password change or a deactivation can end sessions for real.
/// </summary>
public sealed class WebSessionTicket
{
    public string Id { get; set; } = "";
    public Guid AccountId { get; set; }
    public byte[] Ticket { get; set; } = [];
    public DateTimeOffset SignedInAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
}
