using System.Globalization;
using System.Net;
using System.Text;

namespace EMage.Projections.Mail;

/// <summary>Where links in e-mails point, and what the messages are signed with.</summary>
public sealed class MailSettings
{
    /// <summary>The address the web client is served at, as users reach it (no trailing slash).</summary>
    public string PublicUrl { get; set; } = "http://localhost:5000";

    /// <summary>The domain of generated Message-IDs.</summary>
    public string MessageIdDomain { get; set; } = "emage.local";
}

/// <summary>
/// The e-mails the platform sends, in French. An e-mail is not a safe channel: none says anything
/// medical beyond what the patient chose to share; notifications only invite to sign in.
/// Secrets travel in the link's fragment (after '#'), which browsers never send to a server or in a Referer.
/// </summary>
public sealed class MailTemplates(MailSettings settings)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public string Link(string path, string token) => $"{settings.PublicUrl.TrimEnd('/')}{path}#{token}";

    public string Domain => settings.MessageIdDomain;

    public static string When(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Paris).ToString("dddd d MMMM yyyy 'à' HH'h'mm", French);

    public Email Activation(string to, string displayName, string token, DateTimeOffset expiresAt) => Build(
        "activation", to, "Activez votre compte EMage",
        $"Bonjour {displayName},",
        [
            "Un établissement de santé a publié un examen d'imagerie à votre nom sur EMage.",
            "Pour consulter vos comptes rendus et vos images, choisissez votre mot de passe en suivant ce lien :",
        ],
        Link("/activation", token),
        [$"Ce lien ne sert qu'une fois et expire le {When(expiresAt)}.",
         "Si vous n'êtes pas à l'origine de cet examen, ignorez ce message."]);

    public Email PasswordReset(string to, string token, DateTimeOffset expiresAt) => Build(
        "password-reset", to, "Réinitialisation de votre mot de passe EMage",
        "Bonjour,",
        ["Vous avez demandé à changer le mot de passe de votre compte EMage. Choisissez-en un nouveau en suivant ce lien :"],
        Link("/mot-de-passe", token),
        [$"Ce lien ne sert qu'une fois et expire le {When(expiresAt)}.",
         "Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste inchangé."]);

    public Email SignInCode(string to, string code, DateTimeOffset expiresAt) => Build(
        "sign-in-code", to, $"Votre code de connexion EMage : {code}",
        "Bonjour,",
        [$"Votre code de connexion est : {code}", $"Il est valable 10 minutes (jusqu'au {When(expiresAt)}) et ne sert qu'une fois."],
        null,
        ["Si vous n'essayez pas de vous connecter, quelqu'un connaît votre mot de passe : changez-le."]);

    public Email ShareInvitation(string to, string patientName, string examLabel, string? message, string token, DateTimeOffset expiresAt) => Build(
        "share-invitation", to, $"{patientName} partage un examen avec vous sur EMage",
        "Bonjour,",
        message is { Length: > 0 }
            ? [$"{patientName} partage avec vous l'examen « {examLabel} » (compte rendu et images).", $"Son message : « {message} »"]
            : [$"{patientName} partage avec vous l'examen « {examLabel} » (compte rendu et images)."],
        Link("/partage", token),
        [$"Ce partage est accessible jusqu'au {When(expiresAt)}.",
         "À l'ouverture, un code à usage unique vous sera envoyé à cette même adresse."]);

    public Email ShareCode(string to, string code, DateTimeOffset expiresAt) => Build(
        "share-code", to, $"Votre code d'accès au partage EMage : {code}",
        "Bonjour,",
        [$"Votre code d'accès à l'examen partagé est : {code}", $"Il est valable 10 minutes (jusqu'au {When(expiresAt)}) et ne sert qu'une fois."],
        null,
        ["Si vous n'avez pas ouvert de lien de partage, ignorez ce message."]);

    public Email NewDocument(string to) => Build(
        "new-document", to, "Un nouveau document est disponible sur EMage",
        "Bonjour,",
        ["Un nouveau document (compte rendu ou images) est disponible dans votre espace EMage."],
        settings.PublicUrl.TrimEnd('/') + "/",
        ["Connectez-vous pour le consulter."]);

    public Email BreakGlass(string to, DateTimeOffset at) => Build(
        "break-glass", to, "Accès d'urgence à votre dossier EMage",
        "Bonjour,",
        [$"Un professionnel de santé a ouvert votre dossier en accès d'urgence (« bris de glace ») le {When(at)}.",
         "Cet accès est temporaire et enregistré. Vous pouvez voir qui y a accédé dans Mon espace, onglet Historique."],
        settings.PublicUrl.TrimEnd('/') + "/mon-espace",
        ["Vous recevez toujours ce message lors d'un accès d'urgence."]);

    public Email DossierOpened(string to, DateTimeOffset at) => Build(
        "dossier-opened", to, "Un professionnel a consulté votre dossier EMage",
        "Bonjour,",
        [$"Un professionnel de santé a consulté votre dossier le {When(at)}.",
         "Vous pouvez voir qui y a accédé dans Mon espace, onglet Historique."],
        settings.PublicUrl.TrimEnd('/') + "/mon-espace",
        ["Vous pouvez choisir quand recevoir ce message dans Mes paramètres de connexion."]);

    private static Email Build(string kind, string to, string subject, string greeting, string[] paragraphs, string? link, string[] footer)
    {
        var text = new StringBuilder().Append(greeting).Append("\r\n\r\n");
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"fr\"><body style=\"font-family:sans-serif;color:#1a2b3c\">")
            .Append("<p>").Append(WebUtility.HtmlEncode(greeting)).Append("</p>");
        foreach (var p in paragraphs)
        {
            text.Append(p).Append("\r\n\r\n");
            html.Append("<p>").Append(WebUtility.HtmlEncode(p)).Append("</p>");
        }

        if (link is not null)
        {
            text.Append(link).Append("\r\n\r\n");
            var encoded = WebUtility.HtmlEncode(link);
            html.Append("<p><a href=\"").Append(encoded).Append("\">").Append(encoded).Append("</a></p>");
        }

        foreach (var p in footer)
        {
            text.Append(p).Append("\r\n\r\n");
            html.Append("<p style=\"color:#555\">").Append(WebUtility.HtmlEncode(p)).Append("</p>");
        }

        text.Append("-- \r\nEMage, l'imagerie médicale partagée\r\n");
        html.Append("<p style=\"color:#555\">EMage, l'imagerie médicale partagée</p></body></html>");
        return new Email(kind, to, subject, text.ToString(), html.ToString());
    }
}
