using EMage.Domain.Common;
using EMage.Domain.Establishments;

namespace EMage.Domain.Tests.Establishments;

public class EstablishmentDeciderTests
{
    private static readonly Guid Id = Guid.Parse("0195a3c4-0000-7000-8000-0000000000e1");
    private static readonly DateTimeOffset T0 = new(2022, 12, 8, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Admin = Actor.System("seed");

    private static Spec<Establishment, RegisterEstablishment> Spec() =>
        new(Establishment.Initial, Establishment.Evolve, EstablishmentDecider.Decide);

    [Fact]
    public void GivenNothing_WhenRegisterValidFiness_ThenRegistered() =>
        Spec().When(new RegisterEstablishment(Id, "670000157", " WISSEMBOURG ", "Wissembourg", T0, Admin))
            .Then(new EstablishmentRegistered(Id, "670000157", "WISSEMBOURG", "Wissembourg", T0));

    [Theory]
    [InlineData("670000158")]   // wrong check digit
    [InlineData("67000015")]    // 8 digits
    [InlineData("67000015A")]
    public void GivenNothing_WhenRegisterBadFiness_ThenFails(string finess) =>
        Spec().When(new RegisterEstablishment(Id, finess, "X", "Y", T0, Admin)).ThenFails("INVALID_FINESS");

    [Fact]
    public void GivenRegistered_WhenRegisterAgain_ThenNothing() =>
        Spec().Given(new EstablishmentRegistered(Id, "670000157", "WISSEMBOURG", "Wissembourg", T0))
            .When(new RegisterEstablishment(Id, "670000157", "WISSEMBOURG", "Wissembourg", T0, Admin))
            .ThenNothing();
}
