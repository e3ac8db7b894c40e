using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EMage.Web.Authentication;
using Marten;
using Microsoft.AspNetCore.Hosting;

namespace EMage.Web.Tests.Accounts;

/// <summary>The app with a certificate of its own (a PKCS#12 file) to encrypt the session keys at rest.</summary>
public sealed class KeyCertificateApp : EmageApp
{
    public const string Password = "mot de passe du certificat";

    public string CertificatePath { get; } = Path.Combine(Path.GetTempPath(), $"emage-keys-{Guid.NewGuid():N}.pfx");

    public KeyCertificateApp()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=EMage data protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(CertificatePath, certificate.Export(X509ContentType.Pkcs12, Password));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(CertificatePath);
    }

    protected override void Settings(IWebHostBuilder builder)
    {
        builder.UseSetting("DataProtection:CertificatePath", CertificatePath);
        builder.UseSetting("DataProtection:CertificatePassword", Password);
    }
}

public class KeyEncryptionTests(KeyCertificateApp app) : IClassFixture<KeyCertificateApp>
{
    [Fact]
    public async Task TheSessionKeys_AreStoredEncrypted_AndEveryNodeWithTheCertificateAcceptsTheCookie()
    {
        var (id, email) = await app.PatientWithAccount();
        using var onFirst = app.Browser();
        using var signIn = await onFirst.SignInResponse(app, email);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        await using (var query = app.Store.QuerySession())
        {
            var keys = await query.Query<DataProtectionKey>().ToListAsync();
            Assert.NotEmpty(keys);
            // Encrypted to the certificate; no key material in the clear.
            Assert.All(keys, k => Assert.Contains("<EncryptedData", k.Xml, StringComparison.Ordinal));
            Assert.All(keys, k => Assert.DoesNotContain("<value>", k.Xml, StringComparison.Ordinal));
        }

        await using var second = app.SecondNode();
        using var onSecond = second.Browser();
        onSecond.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(id.ToString(), (string?)(await onSecond.Me())!["id"]);
    }
}
