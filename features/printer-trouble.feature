Feature: Printer trouble never loses a paid customer's receipt
  A customer who paid always gets a fiscal receipt, or a record kept on disk that says which
  paid payment still needs one; and a payment never gets two receipts.

  Background:
    Given a shop whose QR payment types are set up as:
      | system | payment number | printed name |
      | sbp    | 3              | СБП QR       |
    And a sale of "Хлеб" for 45.90

  Scenario: Paper runs out while the QR code is printing and is refilled
    Given the paper will run out while the QR code is printing and be refilled soon after
    And the customer will pay after 3 polls
    When the cashier takes the payment by sbp
    Then printing went on after the new roll was put in
    And the QR code for sbp is printed on the tape with the amount
    And the fiscal receipt is closed with payment number 3 for 45.90

  @tcp
  Scenario: The printer stops answering after the customer paid
    Given the customer will pay after 2 polls
    And the printer will stop answering once the payment is confirmed
    When the cashier takes the payment by sbp
    Then the cashier is told the money arrived and the receipt is owed
    And the journal keeps the payment as paid with its receipt owed
    When the printer answers again and recovery runs
    Then exactly one fiscal receipt is closed with payment number 3 for 45.90
    When recovery runs again
    Then exactly one fiscal receipt is closed with payment number 3 for 45.90

  Scenario: The cash register crashes after the payment and before the receipt
    Given the customer will pay after 2 polls
    And the cash register will crash once the payment is confirmed
    When the cashier takes the payment by sbp
    And the cash register restarts and recovery runs
    Then recovery prints the receipt the customer is owed
    And exactly one fiscal receipt is closed with payment number 3 for 45.90
    And the journal shows the payment's receipt closed

  @tcp
  Scenario: The cash register crashes just after the printer closed the receipt
    Given the customer will pay after 2 polls
    And the cash register will crash just after the printer closes the receipt
    When the cashier takes the payment by sbp
    And the cash register restarts and recovery runs
    Then recovery finds the receipt already closed
    And exactly one fiscal receipt is closed with payment number 3 for 45.90
