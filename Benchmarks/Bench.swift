import S10
@main struct Bench { static func main() {} }
