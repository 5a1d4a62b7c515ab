import NewsModel

// The bundled sample: the news listing of Regionernas kansli för hållbar
// upphandling, reconstructed from the seed page (see Resources/README.md).
// Embedded in the binary so that it is there wherever the binary is copied.
// Resources/sample-feed.rss holds the same posts as an RSS file; a test keeps
// the two equal.

enum SampleFeed {
    static let feed = Feed(
        title: "Regionernas kansli för hållbar upphandling",
        link: "https://www.hållbarupphandling.se/"
    )

    /// Newest first, in the page's order; bodies are the page's paragraphs, verbatim.
    static let posts: [IncomingPost] = [
        post(guid: "hallbarupphandling-kansliet-informerade-region-stockholm", published: 1644310800, // 2022-02-08T09:00:00Z
             title: "Nationella kansliet informerade Region Stockholms klimat- och hållbarhetsnämnd",
             text: "På initiativ av Region Stockholms Klimat- och hållbarhetsnämnd var det nationella kansliet inbjudet till att informera om vårt nationella samarbete."),
        post(guid: "hallbarupphandling-fairtrade-talks-upphandlingsrapport", published: 1643720400, // 2022-02-01T13:00:00Z
             title: "Fairtrade Talks: ny upphandlingsrapport om hållbar handel",
             text: "Dagens webbinarium var det första avsnittet av tre i seminarieserien Fairtrade Talks som sänds under 2022 och som har fokus på hållbar handel. Det presenterades en ny upphandlingsrapport, ett initiativ av Fairtrade Sverige, Fackförbundet ST och Vision, som bygger på enkätsvar från tjänstepersoner på 422 svenska myndigheter."),
        post(guid: "hallbarupphandling-korruptionsindex-180-lander", published: 1643104800, // 2022-01-25T10:00:00Z
             title: "Transparency International rankar 180 länder efter korruption",
             text: "Transparency International rankar 180 länder runt om i världen efter deras upplevda nivåer av korruption inom den offentliga sektorn. Resultaten ges på en skala från 0 (mycket korrupt) till 100 (mycket ren)."),
        post(guid: "hallbarupphandling-arbetsgrupp-hallbar-ikt", published: 1642064400, // 2022-01-13T09:00:00Z
             title: "Region Stockholm i internationell arbetsgrupp för hållbar IKT",
             text: "Under 2021 medverkade Region Stockholm i en internationell arbetsgrupp för hållbarhetskrav vid offentlig upphandling av informations- och kommunikationsteknologi (IKT)."),
        post(guid: "hallbarupphandling-delivering-due-diligence", published: 1639990800, // 2021-12-20T09:00:00Z
             title: "Webbserie om due diligence i offentlig upphandling",
             text: "“Delivering due diligence in public procurement” var temat på det första seminariet som hölls i november 2021. En webbserie med avsikt att inte lämna någon utanför HREDD-debatten."),
        post(guid: "hallbarupphandling-omrade-e-kontorsrevisioner", published: 1639645200, // 2021-12-16T09:00:00Z
             title: "Område E har avslutat två kontorsrevisioner",
             text: "Område E har avslutat två kontorsrevisioner i syfte att säkerställa efterlevnad av kontraktsvillkoren avseende hållbara leveranskedjor som ställts i upphandling:"),
        post(guid: "hallbarupphandling-tillborlig-aktsamhet", published: 1639472400, // 2021-12-14T09:00:00Z
             title: "Samtal om tillbörlig aktsamhet i offentlig upphandling",
             text: "I fredags, på Internationella dagen för mänskliga rättigheter, deltog nationella kansliet och Adda i ett samtal med Anna Lupi från EU:s generaldirektorat för den inre marknaden om tillbörlig aktsamhet (due diligence) i offentlig upphandling."),
        post(guid: "hallbarupphandling-electronics-watch-foreningsfrihet", published: 1638954000, // 2021-12-08T09:00:00Z
             title: "Electronics Watch: mötesvecka om föreningsfrihet",
             text: "Electronics Watch anordnade en virtuell mötesvecka med tema föreningsfrihet och rätten till kollektiva förhandlingar. Under dessa dagar presenterade gästföreläsare från bland annat Mexico, Filipperna, Thailand och Indien om situationen i respektive länder och gav exempel på förändringsåtgärder. Föreningsfrihet är en fundamental mänsklig rättighet. "),
        post(guid: "hallbarupphandling-oecd-pilot-textilier", published: 1638522000, // 2021-12-03T09:00:00Z
             title: "Sista workshop i OECD:s pilotprojekt om textilier",
             text: "Under 2021 har Sveriges regioner, genom Region Skåne, deltagit i ett pilotprojekt som drivits av OECD om hur upphandlande myndigheter kan använda sig av riskbaserad due diligence vid upphandling av textilier. I veckan arrangerades en sista workshop där elva länder medverkade."),
        post(guid: "hallbarupphandling-tvangsarbete-i-kina", published: 1638262800, // 2021-11-30T09:00:00Z
             title: "Rapport om statligt påtvingat tvångsarbete i Kina",
             text: "I dag släppte Adda, Regionernas kansli för hållbar upphandling och Svenska kyrkan rapporten “State Imposed Forced Labor in China – Swedish Buyers’ Monitoring of Electronics Supply Chains”. I rapporten sammanställs resultaten från vår ettåriga uppföljning av risken för tvångsarbete i våra it-leveranskedjor i Kina."),
    ]

    private static func post(guid: String, published: Int64, title: String, text: String) -> IncomingPost {
        IncomingPost(guid: guid, title: title, link: feed.link, author: nil, published: published,
                     contentHTML: "<p>" + HTMLEscaping.escape(text) + "</p>")
    }
}
