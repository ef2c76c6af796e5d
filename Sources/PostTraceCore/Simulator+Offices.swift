/// One country of the simulated network: its offices of exchange, sorting centre and delivery offices.
struct SimulatedCountry: Sendable {
    let code: String
    /// Offices of exchange (IMPC-style codes) with their UTC offsets in seconds.
    let exchanges: [(office: Office, offset: Int32)]
    /// Sorting centre and delivery offices inside the country.
    let sorting: (office: Office, offset: Int32)
    let delivery: [(office: Office, offset: Int32)]
    /// Flight prefixes of airlines that carry mail from this country.
    let airline: String
}

extension Simulator {
    /// ≥ 20 countries with IMPC-style office codes and standard-time offsets (daylight saving is not modelled).
    static let countries: [SimulatedCountry] = {
        func country(_ code: String, _ airline: String, _ exchanges: [(String, String, Double)],
                     _ sorting: (String, String, Double), _ delivery: [(String, String, Double)]) -> SimulatedCountry {
            func off(_ h: Double) -> Int32 { Int32(h * 3600) }
            return SimulatedCountry(
                code: code,
                exchanges: exchanges.map { (Office(code: $0.0, name: "\($0.1) International Mail Processing Centre", city: $0.1), off($0.2)) },
                sorting: (Office(code: sorting.0, name: "\(sorting.1) Mail Sorting Centre", city: sorting.1), off(sorting.2)),
                delivery: delivery.map { (Office(code: code + $0.0, name: "\($0.1) \($0.0) Delivery Office", city: $0.1), off($0.2)) },
                airline: airline)
        }
        return [
            country("CN", "CA", [("CNPEKA", "Beijing", 8), ("CNSHAA", "Shanghai", 8), ("CNCANA", "Guangzhou", 8)],
                    ("CNSZXB", "Shenzhen", 8), [("100010", "Beijing", 8), ("200001", "Shanghai", 8), ("518000", "Shenzhen", 8)]),
            country("US", "UA", [("USJFKA", "New York", -5), ("USLAXA", "Los Angeles", -8), ("USORDA", "Chicago", -6)],
                    ("USNYCB", "New York", -5), [("10001", "New York", -5), ("90012", "Los Angeles", -8), ("60601", "Chicago", -6)]),
            country("DE", "LH", [("DEFRAA", "Frankfurt", 1)], ("DELEJB", "Leipzig", 1), [("10115", "Berlin", 1), ("80331", "München", 1)]),
            country("GB", "BA", [("GBLONA", "London", 0)], ("GBMANB", "Manchester", 0), [("EC1A", "London", 0), ("M1", "Manchester", 0)]),
            country("FR", "AF", [("FRCDGA", "Roissy", 1)], ("FRPARB", "Paris", 1), [("75001", "Paris", 1), ("69001", "Lyon", 1)]),
            country("JP", "JL", [("JPTYOA", "Tokyo", 9), ("JPOSAA", "Osaka", 9)], ("JPTYOB", "Tokyo", 9), [("1000001", "Tokyo", 9), ("5300001", "Osaka", 9)]),
            country("KR", "KE", [("KRSELA", "Seoul", 9)], ("KRSELB", "Seoul", 9), [("04524", "Seoul", 9), ("48058", "Busan", 9)]),
            country("AU", "QF", [("AUSYDA", "Sydney", 10), ("AUMELA", "Melbourne", 10)], ("AUSYDB", "Sydney", 10), [("2000", "Sydney", 10), ("6000", "Perth", 8)]),
            country("CA", "AC", [("CATORA", "Toronto", -5), ("CAVANA", "Vancouver", -8)], ("CAMTRB", "Montréal", -5), [("M5H", "Toronto", -5), ("V6B", "Vancouver", -8)]),
            country("BR", "LA", [("BRSAOA", "São Paulo", -3)], ("BRCWBB", "Curitiba", -3), [("01001", "São Paulo", -3), ("20010", "Rio de Janeiro", -3)]),
            country("RU", "SU", [("RUMOWA", "Moscow", 3)], ("RUMOWB", "Moscow", 3), [("101000", "Moscow", 3), ("190000", "Saint Petersburg", 3)]),
            country("IN", "AI", [("INDELA", "New Delhi", 5.5), ("INBOMA", "Mumbai", 5.5)], ("INMAAB", "Chennai", 5.5), [("110001", "New Delhi", 5.5), ("400001", "Mumbai", 5.5)]),
            country("NL", "KL", [("NLAMSA", "Amsterdam", 1)], ("NLUTCB", "Utrecht", 1), [("1012", "Amsterdam", 1), ("3011", "Rotterdam", 1)]),
            country("IT", "AZ", [("ITMILA", "Milano", 1), ("ITROMA", "Roma", 1)], ("ITBLQB", "Bologna", 1), [("20121", "Milano", 1), ("00184", "Roma", 1)]),
            country("ES", "IB", [("ESMADA", "Madrid", 1)], ("ESBCNB", "Barcelona", 1), [("28013", "Madrid", 1), ("08001", "Barcelona", 1)]),
            country("SG", "SQ", [("SGSINA", "Singapore", 8)], ("SGSINB", "Singapore", 8), [("018956", "Singapore", 8)]),
            country("AE", "EK", [("AEDXBA", "Dubai", 4)], ("AEAUHB", "Abu Dhabi", 4), [("00000", "Dubai", 4)]),
            country("ZA", "SA", [("ZAJNBA", "Johannesburg", 2)], ("ZACPTB", "Cape Town", 2), [("2001", "Johannesburg", 2), ("8001", "Cape Town", 2)]),
            country("MX", "AM", [("MXMEXA", "Ciudad de México", -6)], ("MXGDLB", "Guadalajara", -6), [("06000", "Ciudad de México", -6)]),
            country("NZ", "NZ", [("NZAKLA", "Auckland", 12)], ("NZAKLB", "Auckland", 12), [("1010", "Auckland", 12), ("6011", "Wellington", 12)]),
            country("CH", "LX", [("CHZRHA", "Zürich", 1)], ("CHBSLB", "Basel", 1), [("8001", "Zürich", 1), ("1201", "Genève", 1)]),
            country("SE", "SK", [("SESTOA", "Stockholm", 1)], ("SEGOTB", "Göteborg", 1), [("11120", "Stockholm", 1)]),
            country("TH", "TG", [("THBKKA", "Bangkok", 7)], ("THBKKB", "Bangkok", 7), [("10100", "Bangkok", 7), ("50000", "Chiang Mai", 7)]),
            country("NP", "RA", [("NPKTMA", "Kathmandu", 5.75)], ("NPKTMB", "Kathmandu", 5.75), [("44600", "Kathmandu", 5.75)]),
            country("PL", "LO", [("PLWAWA", "Warszawa", 1)], ("PLPOZB", "Poznań", 1), [("00001", "Warszawa", 1), ("30001", "Kraków", 1)]),
        ]
    }()

    /// Offices of exchange that act as transit hubs.
    static let transitHubs = ["NL", "AE", "SG", "DE"]

    /// Origin weights: most international small parcels start in China.
    static let originWeights: [(code: String, weight: Int)] = [
        ("CN", 40), ("US", 8), ("DE", 6), ("GB", 5), ("FR", 4), ("JP", 4), ("KR", 3), ("AU", 2), ("CA", 2), ("BR", 2),
        ("RU", 2), ("IN", 3), ("NL", 3), ("IT", 2), ("ES", 2), ("SG", 2), ("AE", 1), ("ZA", 1), ("MX", 1), ("NZ", 1),
        ("CH", 2), ("SE", 1), ("TH", 2), ("NP", 1), ("PL", 1),
    ]
    static let originTotal = originWeights.reduce(0) { $0 + $1.weight }
    static let indexByCode: [String: Int] = Dictionary(uniqueKeysWithValues: countries.enumerated().map { ($1.code, $0) })
}
