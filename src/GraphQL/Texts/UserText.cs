using System.Globalization;

namespace EMage.GraphQL.Texts;

/// <summary>User-facing messages: French by default, English when the request asks for it.</summary>
public static class UserText
{
    private static readonly Dictionary<string, (string Fr, string En)> Texts = new()
    {
        ["InvalidCredentials"] = ("Adresse e-mail ou mot de passe incorrect.", "Incorrect e-mail address or password."),
        ["Blocked"] = (
            "Trop de tentatives : votre compte est bloqué jusqu'à {0:HH:mm} (heure de Paris).",
            "Too many attempts: your account is blocked until {0:HH:mm} (Paris time)."),
        ["Deactivated"] = (
            "Ce compte a été désactivé. Contactez le support e-mage pour le réactiver.",
            "This account has been deactivated. Contact e-mage support to reactivate it."),
        ["RateLimited"] = (
            "Trop de tentatives depuis votre connexion. Réessayez dans une minute.",
            "Too many attempts from your connection. Try again in a minute."),
        ["Unauthenticated"] = ("Vous devez être connecté.", "You must be signed in."),
        ["Forbidden"] = ("Cette action ne vous est pas permise.", "You are not allowed to do this."),
        ["CodeSent"] = (
            "Un code à 6 chiffres vient de vous être envoyé par e-mail. Il est valable 10 minutes.",
            "A 6-digit code has just been e-mailed to you. It is valid for 10 minutes."),
        ["InvalidCode"] = (
            "Code incorrect. Essais restants pour ce code : {0}.",
            "Incorrect code. Tries left for this code: {0}."),
        ["BadInput"] = ("La saisie n'est pas valide.", "The input is not valid."),
    };

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static string Get(string key, params object[] args)
    {
        var (fr, en) = Texts[key];
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        return string.Format(CultureInfo.CurrentCulture, english ? en : fr, args);
    }

    public static DateTimeOffset InParis(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Paris);
}
