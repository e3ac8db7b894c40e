using System.Text.RegularExpressions;
using EMage.Projections.Mail;
using Marten;

namespace EMage.Testing;

/// <summary>For tests without an SMTP server: what the newest outbox e-mail of a kind to an address says.</summary>
public static class OutboxText
{
    /// <summary>The first group of <paramref name="pattern"/> in the text of that e-mail.</summary>
    public static async Task<string> Capture(IDocumentStore store, string kind, string to, string pattern)
    {
        await using var query = store.QuerySession();
        var message = await query.Query<OutboxMessage>().Where(m => m.Kind == kind && m.To == to).OrderByDescending(m => m.Id).FirstAsync();
        return Regex.Match(message.Text ?? "", pattern).Groups[1].Value;
    }
}
