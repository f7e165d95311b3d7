// Elastic Load Balancing's log-delivery account per region, for ALB access-log bucket policies in
// regions opened before August 2022. Newer regions use the service principal
// logdelivery.elasticloadbalancing.amazonaws.com. Source: ELB user guide, "Enable access logs".
export const ELB_LOG_DELIVERY_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-west-3": "009996457667",
  "eu-north-1": "897822967062",
  "eu-south-1": "635631232127",
  "ap-northeast-1": "582318560864",
  "ap-northeast-2": "600734575887",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-south-1": "718504428378",
  "sa-east-1": "507241528517",
};
