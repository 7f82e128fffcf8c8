Feature: Paying a sale by QR code through the WebMoney gateway
  The cashier rings up a sale and the customer picks a payment system. The printer prints the
  QR code on the tape, the customer pays in their app, and the fiscal receipt is closed with
  the paid sum under the payment type set up for that system. No money, no receipt.

  Background:
    Given a shop whose QR payment types are set up as:
      | system | payment number | printed name |
      | sbp    | 2              | СБП          |
      | wm     | 5              | WEBMONEY     |
      | wechat | 6              | WECHAT PAY   |
      | alipay | 7              | ALIPAY       |
    And a sale of "Кофе латте" for 150.00

  Scenario Outline: The customer pays by <system>
    Given the customer will pay after 3 polls
    When the cashier takes the payment by <system>
    Then the QR code for <system> is printed on the tape with the amount
    And the fiscal receipt is closed with payment number <number> for 150.00
    And the cashier sees that the sale is paid

    Examples:
      | system | number |
      | sbp    | 2      |
      | wm     | 5      |
      | wechat | 6      |
      | alipay | 7      |

  @tcp
  Scenario: A payment with the printer on the network
    Given the customer will pay after 2 polls
    When the cashier takes the payment by sbp
    Then the fiscal receipt is closed with payment number 2 for 150.00
    And the cashier sees that the sale is paid

  Scenario: The customer's bank declines the payment
    Given the customer's payment will be declined with "Недостаточно средств"
    When the cashier takes the payment by sbp
    Then the cashier sees the payment declined because "Недостаточно средств"
    And no fiscal receipt is printed

  Scenario: The customer does not pay in time
    Given the payment wait time is 120 seconds
    And the customer never pays
    When the cashier takes the payment by wechat
    Then the QR code is cancelled at the gateway once the 120 seconds are over
    And no fiscal receipt is printed
    And the cashier sees that the time to pay ran out

  Scenario: The customer pays at the last moment, while the QR code is being cancelled
    Given the payment wait time is 120 seconds
    And the customer pays just as the QR code is being cancelled
    When the cashier takes the payment by alipay
    Then the gateway answers the cancel with the payment made
    And the fiscal receipt is closed with payment number 7 for 150.00

  Scenario Outline: The gateway fails for a while with <failure>, then reports the payment
    Given the gateway answers the first 3 polls with <failure>
    And the customer will pay after 4 polls
    When the cashier takes the payment by sbp
    Then the fiscal receipt is closed with payment number 2 for 150.00
    And only one QR code was requested from the gateway

    Examples:
      | failure               |
      | a server error        |
      | a dropped connection  |
      | a temporary refusal   |
