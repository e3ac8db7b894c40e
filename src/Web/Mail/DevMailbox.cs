using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace EMage.Web.Mail;

/// <summary>
/// Development only, and only when no SMTP server is configured: /dev/mailbox shows the e-mails the
/// app "sent" (the .eml files of the mailbox directory), newest first, links clickable.
/// </summary>
public static partial class DevMailbox
{
    public static void MapDevMailbox(this IEndpointRouteBuilder endpoints, IHostEnvironment environment)
    {
        if (!environment.IsDevelopment())
        {
            return;
        }

        endpoints.MapGet("/dev/mailbox", async (IMailTransport transport, CancellationToken ct) =>
        {
            if (transport is not MailboxDirectoryTransport mailbox)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No local mailbox", detail: "Mail goes to the configured SMTP server.");
            }

            var html = new StringBuilder("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Boîte mail de développement</title>")
                .Append("<style>body{font-family:sans-serif;max-width:60rem;margin:auto;padding:1rem}article{border:1px solid #ccc;border-radius:6px;padding:1rem;margin:1rem 0}pre{white-space:pre-wrap}</style></head><body>")
                .Append("<h1>Boîte mail de développement</h1><p>").Append(WebUtility.HtmlEncode(mailbox.Directory)).Append("</p>");
            var files = Directory.Exists(mailbox.Directory)
                ? new DirectoryInfo(mailbox.Directory).GetFiles("*.eml").OrderByDescending(f => f.Name, StringComparer.Ordinal).Take(100)
                : [];
            foreach (var file in files)
            {
                var message = await MimeMessage.LoadAsync(file.FullName, ct);
                var text = WebUtility.HtmlEncode(message.TextBody ?? "");
                text = Link().Replace(text, m => $"<a href=\"{m.Value}\">{m.Value}</a>");
                html.Append("<article><h2>").Append(WebUtility.HtmlEncode(message.Subject ?? "")).Append("</h2><p>À : ")
                    .Append(WebUtility.HtmlEncode(message.To.ToString())).Append(" — ").Append(message.Date.ToString("u", System.Globalization.CultureInfo.InvariantCulture))
                    .Append("</p><pre>").Append(text).Append("</pre></article>");
            }

            html.Append("</body></html>");
            return Results.Content(html.ToString(), "text/html; charset=utf-8");
        });
    }

    [GeneratedRegex(@"https?://[^\s<&]+(?:&amp;[^\s<&]+)*")]
    private static partial Regex Link();
}
